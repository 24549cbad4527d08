import { vi } from 'vitest'

// Importing the real `electron` package outside Electron would try to download
// a binary; every main-process test sees this stand-in instead.
vi.mock('electron', () => import('./electron-mock'))
