import { describe, expect, it, vi } from 'vitest'
import { Menu, type MenuItemConstructorOptions } from 'electron'
import { aboutDetail, buildMenuTemplate, installAppMenu } from '../../../src/main/app/app-menu'

const actions = () => ({ showAbout: vi.fn(), openLogsFolder: vi.fn(), openReadme: vi.fn() })
const flatten = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  items.flatMap((item) => [item, ...flatten(Array.isArray(item.submenu) ? item.submenu : [])])
const roles = (items: MenuItemConstructorOptions[]) => flatten(items).map((item) => item.role)
const find = (items: MenuItemConstructorOptions[], label: string) =>
  flatten(items).find((item) => item.label === label)

describe('application menu', () => {
  it('has Reload and Developer Tools only when not packaged', () => {
    for (const isMac of [true, false]) {
      const packaged = buildMenuTemplate({ isMac, isPackaged: true, actions: actions() })
      const development = buildMenuTemplate({ isMac, isPackaged: false, actions: actions() })
      expect(roles(packaged)).not.toEqual(expect.arrayContaining(['reload']))
      expect(roles(packaged)).not.toContain('forceReload')
      expect(roles(packaged)).not.toContain('toggleDevTools')
      expect(roles(development)).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']))
    }
  })

  it('gives macOS the app menu with About, Hide and Quit, and other systems a File menu', () => {
    const mac = buildMenuTemplate({ isMac: true, isPackaged: true, actions: actions() })
    expect(mac[0]?.label).toBe('Opt-Out Desk')
    expect(roles([mac[0] ?? {}])).toEqual(expect.arrayContaining(['hide', 'hideOthers', 'unhide', 'quit']))
    expect(find([mac[0] ?? {}], 'About Opt-Out Desk')).toBeDefined()
    const windows = buildMenuTemplate({ isMac: false, isPackaged: true, actions: actions() })
    expect(windows[0]?.label).toBe('&File')
    expect(roles(windows)).not.toContain('hide')
  })

  it('has the Edit roles every text field needs, zoom, full screen, Window and Help', () => {
    const template = buildMenuTemplate({ isMac: true, isPackaged: true, actions: actions() })
    expect(roles(template)).toEqual(
      expect.arrayContaining([
        'undo',
        'redo',
        'cut',
        'copy',
        'paste',
        'selectAll',
        'resetZoom',
        'zoomIn',
        'zoomOut',
        'togglefullscreen',
        'windowMenu',
        'help',
      ]),
    )
  })

  it('wires About, Open logs folder and Read me to their actions', () => {
    for (const isMac of [true, false]) {
      const spies = actions()
      const template = buildMenuTemplate({ isMac, isPackaged: true, actions: spies })
      const click = (label: string) => (find(template, label)?.click as (() => void) | undefined)?.()
      click('About Opt-Out Desk')
      click('Open logs folder')
      click('Read me (opens the web page)')
      expect(spies.showAbout).toHaveBeenCalledTimes(1)
      expect(spies.openLogsFolder).toHaveBeenCalledTimes(1)
      expect(spies.openReadme).toHaveBeenCalledTimes(1)
    }
  })

  it('installs the built template as the application menu', () => {
    installAppMenu({ isMac: false, isPackaged: true, actions: actions() })
    expect(vi.mocked(Menu.setApplicationMenu)).toHaveBeenCalledWith({
      template: buildMenuTemplate({ isMac: false, isPackaged: true, actions: actions() }).map(() =>
        expect.anything(),
      ),
    })
  })
})

describe('About text', () => {
  it('names the app version and the Electron, Chrome and Node versions', () => {
    expect(aboutDetail({ version: '1.2.3', electron: '45.5.0', chrome: '142.0.1', node: '22.1.0' })).toBe(
      'Version 1.2.3\nElectron 45.5.0\nChrome 142.0.1\nNode.js 22.1.0',
    )
  })
})
