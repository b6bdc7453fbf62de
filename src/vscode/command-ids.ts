// Every command, view and status bar id the extension registers: package.json contributes the
// same ids (palette, menus, views), and test/integration checks that each one is registered.
export const CHECK_WORKSPACE = 'addressInUse.checkWorkspace';

export const SHOW_PORT_HOLDERS = 'addressInUse.showPortHolders';
export const STOP_PROCESS_ON_PORT = 'addressInUse.stopProcessOnPort';
export const REFRESH_PORT_HOLDERS = 'addressInUse.refreshPortHolders';
/** Item commands: tree menus, QuickPick buttons and tooltip links; hidden from the palette. */
export const STOP_PORT_HOLDER = 'addressInUse.stopPortHolder';
export const COPY_PORT_HOLDER_PID = 'addressInUse.copyPortHolderPid';
export const REVEAL_PORT_SOURCE = 'addressInUse.revealPortSource';
/** Item command of a stale Unix socket file's row; hidden from the palette. */
export const DELETE_STALE_SOCKET_FILE = 'addressInUse.deleteStaleSocketFile';
/** Item command of a looked-up port's row: removes it from the panel and the tooltip. */
export const FORGET_PORT = 'addressInUse.forgetPort';
/** The empty panel's link: writes a port into addressInUse.ports. */
export const ADD_PORT = 'addressInUse.addPort';
/** Show Port Holders' Open as Report: the ports as a read-only `port-holders` document. */
export const OPEN_PORT_REPORT = 'addressInUse.openPortReport';

/** A rule's page: the diagnostic's code link and the hovers run it with the rule id. */
export const OPEN_RULE = 'addressInUse.openRule';

export const PORT_HOLDERS_VIEW = 'addressInUse.portHoldersView';
export const STATUS_BAR_ID = 'addressInUse.portHolders';
