import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mimeTypeFor, resolveRendererAsset } from '../../../src/main/app/renderer-assets'

const root = resolve('/opt/app/out/renderer')

describe('app:// protocol path resolution', () => {
  it.each([
    ['app://opt-out-desk/', join(root, 'index.html')],
    ['app://opt-out-desk/index.html', join(root, 'index.html')],
    ['app://opt-out-desk/assets/index-abc.js', join(root, 'assets/index-abc.js')],
    ['app://opt-out-desk/assets/a%20b.css', join(root, 'assets/a b.css')],
  ])('serves %s from the renderer folder', (url, expected) => {
    expect(resolveRendererAsset(root, url)).toBe(expected)
  })

  it.each([
    // The URL parser folds these dot segments, so they can only land inside the folder.
    ['app://opt-out-desk/../main/index.js', join(root, 'main/index.js')],
    ['app://opt-out-desk/%2e%2e/%2e%2e/etc/passwd', join(root, 'etc/passwd')],
  ])('keeps dot segments inside the renderer folder: %s', (url, expected) => {
    expect(resolveRendererAsset(root, url)).toBe(expected)
  })

  it.each([
    'app://opt-out-desk/..%2f..%2fetc%2fpasswd',
    'app://opt-out-desk/a%5c..%5c..%5csecret',
    'app://opt-out-desk/%00',
    'app://other-host/index.html',
    'https://opt-out-desk/index.html',
    'app://opt-out-desk/%E0%A4%A',
    'garbage',
  ])('refuses %s', (url) => {
    expect(resolveRendererAsset(root, url)).toBeNull()
  })

  it('names content types', () => {
    expect(mimeTypeFor('x/index.html')).toMatch(/text\/html/)
    expect(mimeTypeFor('x/a.JS')).toMatch(/javascript/)
    expect(mimeTypeFor('x/unknown.bin')).toBe('application/octet-stream')
  })
})
