namespace DeepSeek.Edge.Fleet.Storage;

/// <summary>
/// The schema, as numbered migrations applied in order at start (each once, recorded in <c>schema_migrations</c>). Never edit a
/// migration that has shipped: add the next one. Written once for both engines, in SQLite's types (INTEGER, REAL, TEXT, BLOB,
/// <c>INTEGER PRIMARY KEY AUTOINCREMENT</c>; booleans as INTEGER 0/1, times as UTC text): <see cref="SqlDialect.Translate"/>
/// turns them into PostgreSQL's and refuses SQLite-only syntax.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> All { get; } =
    [
        (1, "devices, ingest and telemetry", """
            CREATE TABLE devices (
                id TEXT PRIMARY KEY,
                state TEXT NOT NULL,
                reason TEXT,
                agent_version TEXT,
                started_at TEXT,
                groups_json TEXT NOT NULL DEFAULT '[]',
                first_seen TEXT NOT NULL,
                last_seen TEXT NOT NULL,
                fps REAL,
                cpu_percent REAL,
                temperature_c REAL,
                problem TEXT
            );
            CREATE INDEX devices_state ON devices (state);
            CREATE TABLE device_groups (device TEXT NOT NULL, grp TEXT NOT NULL, PRIMARY KEY (device, grp));
            CREATE INDEX device_groups_grp ON device_groups (grp, device);
            CREATE TABLE device_cameras (
                device TEXT NOT NULL,
                camera TEXT NOT NULL,
                state TEXT,
                model TEXT,
                model_name TEXT,
                model_version TEXT,
                provider TEXT,
                error TEXT,
                update_state TEXT,
                update_version TEXT,
                update_reason TEXT,
                update_desired_version TEXT,
                update_ts TEXT,
                PRIMARY KEY (device, camera)
            );
            CREATE INDEX device_cameras_model ON device_cameras (model_name, model_version);
            CREATE TABLE device_documents (device TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, ts TEXT NOT NULL, PRIMARY KEY (device, kind));
            CREATE TABLE telemetry_samples (
                device TEXT NOT NULL, epoch TEXT NOT NULL, seq INTEGER NOT NULL,
                ts TEXT NOT NULL, rx_ts TEXT NOT NULL, agent_status TEXT, mqtt_connected INTEGER,
                cpu_percent REAL, temperature_c REAL,
                PRIMARY KEY (device, epoch, seq)
            );
            CREATE TABLE camera_samples (
                device TEXT NOT NULL, epoch TEXT NOT NULL, seq INTEGER NOT NULL, camera TEXT NOT NULL,
                ts TEXT NOT NULL, state TEXT, model TEXT, provider TEXT,
                frames_in INTEGER, frames_processed INTEGER, frames_dropped INTEGER, fps REAL,
                PRIMARY KEY (device, epoch, seq, camera)
            );
            CREATE INDEX camera_samples_ts ON camera_samples (ts);
            CREATE INDEX camera_samples_device_ts ON camera_samples (device, ts);
            CREATE TABLE telemetry_rollups (
                resolution TEXT NOT NULL, device TEXT NOT NULL, camera TEXT NOT NULL, bucket TEXT NOT NULL,
                samples INTEGER NOT NULL, fps_sum REAL NOT NULL, fps_min REAL, fps_max REAL, frames_dropped INTEGER NOT NULL,
                PRIMARY KEY (resolution, device, camera, bucket)
            );
            CREATE TABLE events (
                device TEXT NOT NULL, epoch TEXT NOT NULL, seq INTEGER NOT NULL,
                ts TEXT NOT NULL, rx_ts TEXT NOT NULL, camera TEXT, label TEXT, score REAL, model TEXT, kind TEXT NOT NULL,
                snapshot BLOB, payload TEXT NOT NULL,
                PRIMARY KEY (device, epoch, seq)
            );
            CREATE INDEX events_device_ts ON events (device, ts);
            CREATE TABLE dead_letters (
                id INTEGER PRIMARY KEY AUTOINCREMENT, rx_ts TEXT NOT NULL, topic TEXT NOT NULL, reason TEXT NOT NULL, payload BLOB
            );
            CREATE TABLE responses (
                correlation TEXT PRIMARY KEY, device TEXT NOT NULL, rx_ts TEXT NOT NULL, payload TEXT NOT NULL
            );
            """),
        (2, "registry, desired state, audit, rollouts, users", """
            CREATE TABLE models (
                sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, version TEXT NOT NULL, size INTEGER NOT NULL,
                signer_key_id TEXT NOT NULL, precision TEXT NOT NULL, task TEXT NOT NULL, lineage TEXT, quantization TEXT,
                uploaded_at TEXT NOT NULL, uploaded_by TEXT NOT NULL, published_at TEXT,
                UNIQUE (name, version)
            );
            CREATE TABLE desired_documents (
                topic TEXT PRIMARY KEY, scope TEXT NOT NULL, target TEXT NOT NULL, version INTEGER NOT NULL,
                payload TEXT, sha256 TEXT, updated_at TEXT NOT NULL, owner TEXT
            );
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT, ts TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL,
                before_json TEXT, after_json TEXT, payload_sha256 TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
            );
            CREATE TABLE rollouts (
                id INTEGER PRIMARY KEY AUTOINCREMENT, model TEXT NOT NULL, version TEXT NOT NULL, grp TEXT, state TEXT NOT NULL,
                request TEXT NOT NULL, wave INTEGER NOT NULL, wave_started_at TEXT, reason TEXT,
                previous_version TEXT, created_at TEXT NOT NULL, created_by TEXT NOT NULL, updated_at TEXT NOT NULL
            );
            CREATE TABLE rollout_devices (
                rollout_id INTEGER NOT NULL, device TEXT NOT NULL, wave INTEGER NOT NULL, state TEXT NOT NULL,
                document_version TEXT, baseline_fps REAL, notified_at TEXT, applied_at TEXT, decided_at TEXT, reason TEXT,
                PRIMARY KEY (rollout_id, device)
            );
            CREATE INDEX rollout_devices_state ON rollout_devices (rollout_id, wave, state);
            CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL, created_at TEXT NOT NULL);
            CREATE TABLE tokens (id TEXT PRIMARY KEY, user_name TEXT NOT NULL, hash TEXT NOT NULL, label TEXT, created_at TEXT NOT NULL);
            CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at TEXT NOT NULL);
            """),
        (3, "captures, dataset exports, lineage, model quality", """
            CREATE TABLE captures (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                device TEXT NOT NULL, epoch TEXT NOT NULL, seq INTEGER NOT NULL,
                ts TEXT NOT NULL, rx_ts TEXT NOT NULL, camera TEXT NOT NULL, frame INTEGER NOT NULL, reason TEXT NOT NULL,
                model_name TEXT NOT NULL, model_version TEXT NOT NULL, model_precision TEXT NOT NULL, provider TEXT NOT NULL,
                frame_width INTEGER NOT NULL, frame_height INTEGER NOT NULL, image_width INTEGER NOT NULL, image_height INTEGER NOT NULL,
                jpeg_quality INTEGER NOT NULL, image_sha256 TEXT NOT NULL, image_bytes INTEGER NOT NULL, payload_bytes INTEGER NOT NULL,
                detections INTEGER NOT NULL, max_score REAL,
                UNIQUE (device, epoch, seq)
            );
            CREATE INDEX captures_model ON captures (model_name, model_version, ts);
            CREATE INDEX captures_device_ts ON captures (device, ts);
            CREATE INDEX captures_ts ON captures (ts);
            CREATE TABLE capture_detections (
                capture_id INTEGER NOT NULL, idx INTEGER NOT NULL, label TEXT NOT NULL, score REAL NOT NULL,
                x REAL NOT NULL, y REAL NOT NULL, width REAL NOT NULL, height REAL NOT NULL,
                PRIMARY KEY (capture_id, idx)
            );
            CREATE INDEX capture_detections_label ON capture_detections (label, score, capture_id);
            CREATE TABLE dataset_exports (
                id TEXT PRIMARY KEY, created_at TEXT NOT NULL, created_by TEXT NOT NULL, format TEXT NOT NULL, query TEXT NOT NULL,
                captures INTEGER NOT NULL, annotations INTEGER NOT NULL, manifest_sha256 TEXT NOT NULL
            );
            CREATE TABLE dataset_export_captures (export_id TEXT NOT NULL, capture_id INTEGER NOT NULL, PRIMARY KEY (export_id, capture_id));
            CREATE TABLE model_lineage (
                name TEXT NOT NULL, version TEXT NOT NULL, dataset TEXT, parent TEXT, linked_at TEXT NOT NULL,
                PRIMARY KEY (name, version)
            );
            CREATE INDEX model_lineage_dataset ON model_lineage (dataset);
            CREATE TABLE quality_rollups (
                resolution TEXT NOT NULL, device TEXT NOT NULL, camera TEXT NOT NULL, model TEXT NOT NULL, version TEXT NOT NULL, bucket TEXT NOT NULL,
                samples INTEGER NOT NULL, interval_s REAL NOT NULL, frames INTEGER NOT NULL, detections INTEGER NOT NULL,
                uncertain_frames INTEGER NOT NULL, inference_errors INTEGER NOT NULL,
                bin0 INTEGER NOT NULL, bin1 INTEGER NOT NULL, bin2 INTEGER NOT NULL, bin3 INTEGER NOT NULL, bin4 INTEGER NOT NULL,
                bin5 INTEGER NOT NULL, bin6 INTEGER NOT NULL, bin7 INTEGER NOT NULL, bin8 INTEGER NOT NULL, bin9 INTEGER NOT NULL,
                PRIMARY KEY (resolution, device, camera, model, version, bucket)
            );
            CREATE INDEX quality_rollups_model ON quality_rollups (model, version, resolution, bucket);
            CREATE TABLE capture_counts (
                device TEXT PRIMARY KEY, ts TEXT NOT NULL, taken INTEGER NOT NULL, queued INTEGER NOT NULL, sent INTEGER NOT NULL, dropped TEXT NOT NULL
            );
            """),
        (4, "retention indexes", """
            CREATE INDEX telemetry_samples_ts ON telemetry_samples (ts);
            CREATE INDEX telemetry_rollups_age ON telemetry_rollups (resolution, bucket);
            CREATE INDEX events_ts ON events (ts);
            CREATE INDEX dead_letters_rx_ts ON dead_letters (rx_ts);
            """),
        (5, "rollout health gate: output quality samples, per-device baselines", """
            CREATE TABLE quality_samples (
                device TEXT NOT NULL, epoch TEXT NOT NULL, seq INTEGER NOT NULL, camera TEXT NOT NULL, model TEXT NOT NULL, version TEXT NOT NULL,
                ts TEXT NOT NULL, interval_s REAL NOT NULL, frames INTEGER NOT NULL, detections INTEGER NOT NULL, inference_errors INTEGER NOT NULL,
                PRIMARY KEY (device, epoch, seq, camera, model, version)
            );
            CREATE INDEX quality_samples_ts ON quality_samples (ts);
            CREATE INDEX telemetry_samples_device_rx ON telemetry_samples (device, rx_ts);
            ALTER TABLE rollout_devices ADD COLUMN baseline_samples INTEGER;
            ALTER TABLE rollout_devices ADD COLUMN baseline_detections_per_frame REAL;
            ALTER TABLE rollout_devices ADD COLUMN baseline_error_pct REAL;
            """),
        (6, "capture retention; the uncertain share in the rollout health gate; soak figures beside the baseline", """
            CREATE INDEX captures_image ON captures (image_sha256);
            CREATE INDEX dataset_export_captures_capture ON dataset_export_captures (capture_id);
            CREATE INDEX dataset_exports_created ON dataset_exports (created_at);
            ALTER TABLE quality_samples ADD COLUMN uncertain_frames INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE rollout_devices ADD COLUMN baseline_uncertain_pct REAL;
            ALTER TABLE rollout_devices ADD COLUMN soak_samples INTEGER;
            ALTER TABLE rollout_devices ADD COLUMN soak_fps REAL;
            ALTER TABLE rollout_devices ADD COLUMN soak_detections_per_frame REAL;
            ALTER TABLE rollout_devices ADD COLUMN soak_error_pct REAL;
            ALTER TABLE rollout_devices ADD COLUMN soak_uncertain_pct REAL;
            """),
    ];
}
