#!/usr/bin/env node
// Committed shim: npm links a bin only if its file exists at install time, before the build.
import '../dist/main.js';
