-- Several nodes share the queues (issue 12). A node claims a due item by moving its next_attempt_at to the end
-- of a lease and writing its name in claimed_by, inside a transaction that locked the row FOR UPDATE SKIP
-- LOCKED: another node neither waits for it nor takes it, and if the claiming node dies the item falls due
-- again when the lease ends. Finishing an item (done, failed, retry) clears claimed_by.
ALTER TABLE deliveries ADD COLUMN claimed_by VARCHAR(100);
ALTER TABLE inbox_items ADD COLUMN claimed_by VARCHAR(100);
-- Received activities of one actor are processed in arrival order (a Follow before its Undo), across nodes:
-- an item is claimed only when no earlier item of its actor is due or in flight.
CREATE INDEX inbox_items_actor_queue ON inbox_items (actor_uri, state, id);
