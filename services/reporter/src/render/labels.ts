/** What each report type and analysis is called on a page. */
export const TYPE_TITLES: Record<string, string> = {
  summary: 'Summary',
  zombie: 'Zombie VMs',
  rightsize: 'Right-sizing',
  tidal: 'Tidal load',
  health: 'Cluster health',
};
