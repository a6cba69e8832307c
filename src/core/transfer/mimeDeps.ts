// mime-types carries mime-db, a 200 KB table; the build moves this module into the lazily
// loaded dependency bundle, so it must only be required on first use (see mime.ts).
export { lookup } from 'mime-types';
