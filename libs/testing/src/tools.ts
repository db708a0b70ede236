export { freePort, repoRoot, toolPath } from '@justfit/launcher';
