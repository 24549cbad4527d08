import { Menu, type MenuItemConstructorOptions } from 'electron'

export const PRODUCT_NAME = 'Opt-Out Desk'
/** Help → "Read me" opens this address; the README explains installing, data folders and logs. */
export const README_URL = 'https://github.com/opt-out-desk/opt-out-desk#readme'

export interface MenuActions {
  showAbout(): void
  openLogsFolder(): void
  openReadme(): void
}

export interface MenuOptions {
  isMac: boolean
  /** Reload and Developer Tools exist only when running from a clone, never in an installed app. */
  isPackaged: boolean
  actions: MenuActions
}

/**
 * The application menu, from Electron's standard roles so shortcuts and platform conventions come
 * for free; Edit is spelled out because without those roles copy and paste shortcuts do nothing
 * in text fields on macOS.
 */
export function buildMenuTemplate({ isMac, isPackaged, actions }: MenuOptions): MenuItemConstructorOptions[] {
  const about: MenuItemConstructorOptions = {
    label: `About ${PRODUCT_NAME}`,
    click: () => actions.showAbout(),
  }
  const developer: MenuItemConstructorOptions[] = isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
  return [
    ...(isMac
      ? [
          {
            label: PRODUCT_NAME,
            submenu: [
              about,
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : [{ label: '&File', submenu: [{ role: 'quit' }] } satisfies MenuItemConstructorOptions]),
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [
        ...developer,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        ...(isMac ? [] : [about, { type: 'separator' } satisfies MenuItemConstructorOptions]),
        { label: 'Open logs folder', click: () => actions.openLogsFolder() },
        { label: 'Read me (opens the web page)', click: () => actions.openReadme() },
      ],
    },
  ]
}

export function installAppMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(options)))
}

export interface AboutFacts {
  version: string
  electron: string
  chrome: string
  node: string
}

/** The About text: the version is the app version written into every report's metadata. */
export function aboutDetail({ version, electron, chrome, node }: AboutFacts): string {
  return [`Version ${version}`, `Electron ${electron}`, `Chrome ${chrome}`, `Node.js ${node}`].join('\n')
}
