CREATE TABLE `sluice_cursors` (
	`pipeline` varchar(64) NOT NULL,
	`resource` varchar(64) NOT NULL,
	`value` varchar(255) NOT NULL,
	`run_id` varchar(32) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `sluice_cursors_pipeline_resource_pk` PRIMARY KEY(`pipeline`,`resource`)
);
--> statement-breakpoint
CREATE TABLE `sluice_page_state` (
	`pipeline` varchar(64) NOT NULL,
	`resource` varchar(64) NOT NULL,
	`url_hash` varchar(64) NOT NULL,
	`content_hash` varchar(64) NOT NULL,
	`run_id` varchar(32) NOT NULL,
	`loaded_at` datetime(3) NOT NULL,
	CONSTRAINT `sluice_page_state_pipeline_resource_url_hash_pk` PRIMARY KEY(`pipeline`,`resource`,`url_hash`)
);
--> statement-breakpoint
ALTER TABLE `sluice_run_pages` MODIFY COLUMN `pages_total` int;--> statement-breakpoint
ALTER TABLE `sluice_run_pages` ADD `status` varchar(16) DEFAULT 'loaded' NOT NULL;--> statement-breakpoint
ALTER TABLE `sluice_run_pages` ADD `cursor` varchar(255);--> statement-breakpoint
ALTER TABLE `sluice_runs` ADD `resources` varchar(1024);