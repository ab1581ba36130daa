// Runs once when the server starts. The Node-only work lives in lib/startup.ts,
// imported only under the Node runtime (Next compiles this file for Edge too).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./lib/startup");
    await startServer();
  }
}
