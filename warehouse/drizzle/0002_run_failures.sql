CREATE TABLE `sluice_run_failures` (
	`run_id` varchar(32) NOT NULL,
	`stage` varchar(16) NOT NULL,
	`resource` varchar(64) NOT NULL,
	`page` int NOT NULL,
	`pages_total` int,
	`reason` text NOT NULL,
	`failed_at` datetime(3) NOT NULL,
	CONSTRAINT `sluice_run_failures_run_id_stage_resource_page_pk` PRIMARY KEY(`run_id`,`stage`,`resource`,`page`)
);
