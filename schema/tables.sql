-- The knowledge base's tables. Applied by extract.storage.load.ensure_db_shape();
-- every statement is idempotent. Ids are content hashes (see extract/ids.py),
-- so two builds of one corpus give identical rows.

CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,          -- sha256 of the source bytes, first 16 hex
    file_name TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    format TEXT NOT NULL,             -- txt, html, docx, pdf
    encoding TEXT,                    -- utf-8, gb18030, utf-16, ...
    n_chars INTEGER NOT NULL,
    text TEXT NOT NULL,               -- the text every offset refers to
    cache_key TEXT                    -- source sha256, sidecar and extractor version: unchanged, not re-extracted
);

CREATE TABLE IF NOT EXISTS places (
    admin_code TEXT PRIMARY KEY,      -- 6-digit code
    name TEXT NOT NULL,
    level TEXT NOT NULL,              -- province, prefecture, county
    parent_code TEXT,
    province TEXT,
    prefecture TEXT,
    short_name TEXT,
    latitude REAL,
    longitude REAL
);

CREATE TABLE IF NOT EXISTS plans (
    plan_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id),
    title TEXT,
    notice_title TEXT,                -- the wrapping notice's title, when there is one
    label TEXT,                       -- short label for charts: 崇明区 行动计划 2022–2024
    plan_type TEXT,                   -- 规划, 行动计划, 实施方案, 若干措施, ...
    province TEXT,
    prefecture TEXT,
    county TEXT,
    admin_code TEXT REFERENCES places(admin_code),
    level TEXT,                       -- province, prefecture, county
    issuer TEXT,
    doc_number TEXT,
    issued_date TEXT,
    period_start INTEGER,
    period_end INTEGER,
    title_start INTEGER,
    title_end INTEGER
);

CREATE TABLE IF NOT EXISTS sections (
    section_id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES plans(plan_id),
    parent_id TEXT REFERENCES sections(section_id),
    depth INTEGER NOT NULL,           -- 1 = chapter
    style TEXT NOT NULL,              -- numbering style: chapter, paren_cn, arabic, paren_arabic, box, annex
    number TEXT,
    heading TEXT NOT NULL,            -- the heading line as printed, number included
    role TEXT NOT NULL,               -- worklist, goals, background, safeguards, scope, procedure, duties, schedule, box, annex, auto
    path TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    ordinal INTEGER NOT NULL          -- document order
);

CREATE TABLE IF NOT EXISTS tasks (
    task_id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES plans(plan_id),
    section_id TEXT REFERENCES sections(section_id),
    kind TEXT NOT NULL,               -- task or subtask
    parent_task_id TEXT REFERENCES tasks(task_id),
    number TEXT,
    title TEXT,
    text TEXT NOT NULL,
    path TEXT,
    deadline TEXT,
    deadline_text TEXT,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    ordinal INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS unit_functions (
    code TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS units (
    unit_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,               -- normalised full name
    jurisdiction TEXT,                -- the place whose body it is (崇明区, 安徽省, ...)
    function_code TEXT REFERENCES unit_functions(code),
    kind TEXT NOT NULL                -- government_body, collective, company, other
);

CREATE TABLE IF NOT EXISTS task_units (
    task_id TEXT NOT NULL REFERENCES tasks(task_id),
    unit_id TEXT NOT NULL REFERENCES units(unit_id),
    mention TEXT NOT NULL,            -- as printed, one unit
    role TEXT NOT NULL,               -- lead or co
    resolution TEXT,                  -- exact, alias, prefix, pattern, fuzzy, unresolved
    score REAL,                       -- 100 for exact and alias matches; the fuzzy score otherwise
    start INTEGER,
    end INTEGER,
    ordinal INTEGER NOT NULL,
    PRIMARY KEY (task_id, mention, role)
);

CREATE TABLE IF NOT EXISTS canonical_metrics (
    id TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    definition TEXT,
    unit TEXT
);

CREATE TABLE IF NOT EXISTS projects (
    project_id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES plans(plan_id),
    list_name TEXT,                   -- 重大项目清单, 重大改革清单, ...
    number TEXT,
    name TEXT,
    project_type TEXT,
    period TEXT,
    location TEXT,
    content TEXT,
    investment_wan REAL,              -- 总投资 in 万元
    row_text TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS indicators (
    indicator_id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES plans(plan_id),
    task_id TEXT REFERENCES tasks(task_id),
    project_id TEXT REFERENCES projects(project_id),
    section_id TEXT REFERENCES sections(section_id),
    quote TEXT NOT NULL,              -- verbatim source text
    start INTEGER NOT NULL,           -- offsets of the quote in documents.text
    end INTEGER NOT NULL,
    value_text TEXT NOT NULL,         -- the number as printed
    metric TEXT,
    canonical TEXT REFERENCES canonical_metrics(id),
    comparator TEXT NOT NULL,
    value REAL NOT NULL,
    value_max REAL,
    unit TEXT,
    year INTEGER,
    baseline_value REAL,
    baseline_year INTEGER,
    kind TEXT NOT NULL,               -- target, standard, funding
    binding TEXT,                     -- 约束性 / 预期性 (indicator tables)
    origin TEXT NOT NULL,             -- text, indicator_table, project_list, box
    same_as TEXT REFERENCES indicators(indicator_id),
    ordinal INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS indicator_units (
    indicator_id TEXT NOT NULL REFERENCES indicators(indicator_id),
    unit_id TEXT NOT NULL REFERENCES units(unit_id),
    mention TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (indicator_id, mention, role)
);

-- nodes and edges, the graph, are views over these tables (schema/views.sql).

CREATE TABLE IF NOT EXISTS build_problems (
    file_name TEXT NOT NULL,
    severity TEXT NOT NULL,           -- error, warning
    message TEXT NOT NULL,
    cache_key TEXT                    -- the file's cache key; NULL for problems of the corpus (duplicates, names)
);

CREATE TABLE IF NOT EXISTS build_info (
    key TEXT PRIMARY KEY,             -- extractor_version, built_at_files
    value TEXT
);

-- Derived by extract/analysis after the documents are loaded: each step
-- empties and refills its own tables from the rows above.

CREATE TABLE IF NOT EXISTS unit_network (
    plan_id TEXT REFERENCES plans(plan_id),  -- NULL: the network of the whole corpus
    unit_a TEXT NOT NULL REFERENCES units(unit_id),
    unit_b TEXT NOT NULL REFERENCES units(unit_id),  -- unit_a < unit_b
    weight INTEGER NOT NULL,          -- tasks both are responsible for
    a_leads INTEGER NOT NULL,         -- of those, tasks unit_a leads and unit_b co-owns
    b_leads INTEGER NOT NULL,         -- tasks unit_b leads and unit_a co-owns
    joint_leads INTEGER NOT NULL      -- tasks both lead
);

CREATE TABLE IF NOT EXISTS unit_stats (
    plan_id TEXT REFERENCES plans(plan_id),  -- NULL: across the corpus
    unit_id TEXT NOT NULL REFERENCES units(unit_id),
    tasks INTEGER NOT NULL,           -- tasks and task-division rows it is responsible for
    tasks_led INTEGER NOT NULL,
    tasks_co INTEGER NOT NULL,
    lead_load REAL NOT NULL,          -- share of the scope's led tasks that it leads
    plans INTEGER NOT NULL,           -- plans of the scope that name it
    degree INTEGER NOT NULL,          -- units it shares a task with
    weighted_degree INTEGER NOT NULL, -- sum of the weights of its edges
    betweenness REAL NOT NULL,        -- normalised, hop distance (networkx's definition)
    community INTEGER NOT NULL        -- Louvain community in the scope, 1 = largest
);

-- The words similarity compares (extract.analysis.words), cut in each document's worker:
-- one zlib-compressed JSON list of [item id, "word word …"] per plan and kind.
CREATE TABLE IF NOT EXISTS similarity_words (
    plan_id TEXT NOT NULL REFERENCES plans(plan_id),
    kind TEXT NOT NULL,               -- tasks or targets
    words BLOB NOT NULL,
    PRIMARY KEY (plan_id, kind)
) WITHOUT ROWID;

-- Both similarity tables are clustered on (item, rank): pages read one item's list in rank
-- order, so neither needs a rowid or a second index (12 MB of a 1,000-plan database).
CREATE TABLE IF NOT EXISTS similar_tasks (
    task_id TEXT NOT NULL REFERENCES tasks(task_id),
    similar_id TEXT NOT NULL REFERENCES tasks(task_id),  -- a task of another plan
    rank INTEGER NOT NULL,            -- 1 = most similar
    score REAL NOT NULL,              -- cosine of the two tasks' word vectors, 0..1
    plan_id TEXT NOT NULL REFERENCES plans(plan_id),
    similar_plan_id TEXT NOT NULL REFERENCES plans(plan_id),
    PRIMARY KEY (task_id, rank)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS similar_targets (
    indicator_id TEXT NOT NULL REFERENCES indicators(indicator_id),
    similar_id TEXT NOT NULL REFERENCES indicators(indicator_id),  -- a target of another plan
    rank INTEGER NOT NULL,            -- same-metric links first, then by score
    score REAL NOT NULL,              -- cosine of the two targets' word vectors, 0..1
    same_metric INTEGER NOT NULL,     -- 1 when both state the same canonical metric
    plan_id TEXT NOT NULL REFERENCES plans(plan_id),
    similar_plan_id TEXT NOT NULL REFERENCES plans(plan_id),
    PRIMARY KEY (indicator_id, rank)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS accuracy (
    measure TEXT PRIMARY KEY,         -- the evaluator's name: targets, target_year, plan_fields.title, ...
    field_zh TEXT NOT NULL,
    field_en TEXT NOT NULL,
    describes TEXT,                   -- the table or column it measures: indicators.year
    kind TEXT NOT NULL,               -- prf (precision, recall, F1) or accuracy
    precision REAL,
    recall REAL,
    f1 REAL,
    accuracy REAL,
    n INTEGER,                        -- gold items (prf) or items checked (accuracy)
    measured_on TEXT NOT NULL,        -- ISO date
    corpus TEXT NOT NULL,             -- what it was measured on
    documents INTEGER,                -- plans measured
    ordinal INTEGER NOT NULL          -- the evaluator's order: counts first, then fields
);

CREATE INDEX IF NOT EXISTS idx_plans_doc ON plans(doc_id);
CREATE INDEX IF NOT EXISTS idx_sections_plan ON sections(plan_id);
CREATE INDEX IF NOT EXISTS idx_projects_plan ON projects(plan_id);
CREATE INDEX IF NOT EXISTS idx_tasks_plan ON tasks(plan_id);
CREATE INDEX IF NOT EXISTS idx_tasks_parent ON tasks(parent_task_id);
CREATE INDEX IF NOT EXISTS idx_tasks_deadline ON tasks(deadline);
CREATE INDEX IF NOT EXISTS idx_task_units_unit ON task_units(unit_id);
CREATE INDEX IF NOT EXISTS idx_indicators_plan ON indicators(plan_id);
CREATE INDEX IF NOT EXISTS idx_indicators_task ON indicators(task_id);
CREATE INDEX IF NOT EXISTS idx_indicators_canonical ON indicators(canonical);
CREATE INDEX IF NOT EXISTS idx_indicators_year ON indicators(year);
CREATE INDEX IF NOT EXISTS idx_indicator_units_unit ON indicator_units(unit_id);
CREATE INDEX IF NOT EXISTS idx_unit_network_plan ON unit_network(plan_id, unit_a, unit_b);
CREATE INDEX IF NOT EXISTS idx_unit_network_b ON unit_network(unit_b);
CREATE INDEX IF NOT EXISTS idx_unit_stats_unit ON unit_stats(unit_id, plan_id);
CREATE INDEX IF NOT EXISTS idx_unit_stats_plan ON unit_stats(plan_id);
CREATE INDEX IF NOT EXISTS idx_documents_cache_key ON documents(cache_key);
