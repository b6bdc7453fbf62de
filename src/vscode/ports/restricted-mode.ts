// What the port UI says in an untrusted workspace (Restricted Mode), where stopping processes
// and deleting socket files are off: the Stop and Delete actions are hidden, so the tooltips
// say why instead of leaving the user to wonder where they went.
export const RESTRICTED_STOP_NOTE =
  '$(shield) Stopping processes and deleting socket files are off in Restricted Mode: this workspace is not trusted (Manage Workspace Trust to allow them).';
