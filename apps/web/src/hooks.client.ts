/**
 * The browser side's start. Runs before any page module is loaded, so before the shared protocol's
 * schemas are made: zod without its JIT, which would compile validators with `new Function` (and
 * probes for it when a schema is made), and the pages' Content-Security-Policy allows no eval
 * (svelte.config.js).
 */
import { z } from 'zod';

z.config({ jitless: true });
