import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { WORKER_SOURCES } from './src/main/workers/entries'

export default defineConfig({
  main: {
    build: {
      // keytar is a native addon: it must stay a runtime require, never bundled.
      externalizeDeps: true,
      // The worker threads are entries of their own beside index.js (src/main/workers/entries.ts finds them there).
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          ...Object.fromEntries(
            Object.entries(WORKER_SOURCES).map(([name, source]) => [name, resolve(__dirname, source)]),
          ),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require local files at runtime, so everything
      // it imports (the shared contract) is bundled into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      minify: true,
      // A local desktop bundle: one 1 MB file loads from disk, so the web-oriented warning is noise.
      chunkSizeWarningLimit: 2000,
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
    plugins: [react()],
  },
})
