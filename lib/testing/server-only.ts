// Stands in for the `server-only` package under vitest, which resolves packages
// without Next's react-server condition (the real module throws outside it).
export {};
