#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so there is no build step to forget.
import { register } from "tsx/esm/api";

register();
const { main, exitQuietlyWhenStdoutCloses } = await import("../src/cli/main.ts");
exitQuietlyWhenStdoutCloses();
process.exitCode = await main(process.argv);
