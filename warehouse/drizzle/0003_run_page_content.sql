ALTER TABLE `sluice_run_pages` ADD `url` text;--> statement-breakpoint
ALTER TABLE `sluice_run_pages` ADD `content_hash` varchar(64);--> statement-breakpoint
CREATE INDEX `sluice_runs_requested_at` ON `sluice_runs` (`requested_at`,`run_id`);