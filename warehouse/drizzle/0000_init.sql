CREATE TABLE `sluice_load_ledger` (
	`object_key` varchar(255) NOT NULL,
	`etag` varchar(80) NOT NULL,
	`run_id` varchar(32) NOT NULL,
	`loaded_at` datetime(3) NOT NULL,
	CONSTRAINT `sluice_load_ledger_object_key_etag_pk` PRIMARY KEY(`object_key`,`etag`)
);
--> statement-breakpoint
CREATE TABLE `sluice_run_pages` (
	`run_id` varchar(32) NOT NULL,
	`resource` varchar(64) NOT NULL,
	`page` int NOT NULL,
	`pages_total` int NOT NULL,
	`records_extracted` int NOT NULL,
	`records_rejected` int NOT NULL,
	`records_loaded` int NOT NULL,
	`rows_written` int NOT NULL,
	`rejected_key` varchar(255),
	`loaded_at` datetime(3) NOT NULL,
	CONSTRAINT `sluice_run_pages_run_id_resource_page_pk` PRIMARY KEY(`run_id`,`resource`,`page`)
);
--> statement-breakpoint
CREATE TABLE `sluice_runs` (
	`run_id` varchar(32) NOT NULL,
	`pipeline` varchar(64) NOT NULL,
	`requested_at` datetime(3) NOT NULL,
	`finished_at` datetime(3),
	`status` varchar(16) NOT NULL DEFAULT 'running',
	CONSTRAINT `sluice_runs_run_id` PRIMARY KEY(`run_id`)
);
