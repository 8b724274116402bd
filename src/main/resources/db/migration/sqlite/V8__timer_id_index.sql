-- Timers are leased and dropped by their id: without an index each of those statements scanned every client's timer.
CREATE INDEX timers_by_id ON timers (timer_id);
