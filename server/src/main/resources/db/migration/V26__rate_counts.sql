-- Rate-limit counts shared by the nodes of one instance (issue 12): each node counts requests in memory and
-- adds what it counted to these rows about once a second, reading back the total that every node has added,
-- so that a limit holds for the instance, not per node. Windows are aligned to the epoch (a window of one
-- minute starts at a whole minute), so all nodes count into the same row. Rows are deleted once their
-- window has ended.
CREATE TABLE rate_counts (
    scope         VARCHAR(64)   NOT NULL,
    count_key     VARCHAR(512)  NOT NULL,
    window_start  TIMESTAMP WITH TIME ZONE NOT NULL,
    window_end    TIMESTAMP WITH TIME ZONE NOT NULL,
    hits          BIGINT        NOT NULL,
    PRIMARY KEY (scope, count_key, window_start)
);
CREATE INDEX rate_counts_end ON rate_counts (window_end);
