import pg from 'pg';

// bigint (int8) comes back as a string by default; our counts and sequence numbers fit in a JS number.
// Imported for its side effect by every module that opens a pool.
pg.types.setTypeParser(20, (v) => Number(v));

// `date` stays 'YYYY-MM-DD': a calendar day, not an instant (no time-zone shifts).
pg.types.setTypeParser(1082, (v) => v);
export default pg;
