-- The contract views (../shared/CONTRACT.md) and a few for readers.
DROP VIEW IF EXISTS kb_plans;
CREATE VIEW kb_plans AS
SELECT p.plan_id, d.source_sha256, p.title, p.province, p.prefecture, p.county,
       p.admin_code, p.issuer, p.doc_number, p.issued_date, p.period_start, p.period_end,
       p.plan_type, p.level, d.file_name
FROM plans p JOIN documents d ON d.doc_id = p.doc_id;

DROP VIEW IF EXISTS kb_tasks;
CREATE VIEW kb_tasks AS
SELECT t.task_id, t.plan_id, t.kind, t.parent_task_id, t.path, t.number, t.title,
       t.text, t.deadline, t.start, t.end, p.title AS plan_title
FROM tasks t JOIN plans p ON p.plan_id = t.plan_id;

DROP VIEW IF EXISTS kb_task_units;
CREATE VIEW kb_task_units AS
SELECT tu.task_id, tu.mention AS unit_mention, tu.role, tu.unit_id, u.name AS unit_name,
       u.function_code AS unit_function, t.plan_id
FROM task_units tu JOIN units u ON u.unit_id = tu.unit_id JOIN tasks t ON t.task_id = tu.task_id;

DROP VIEW IF EXISTS kb_targets;
-- A target printed in a row of a task-division table belongs to the row's task;
-- the row itself is subtask_id.
CREATE VIEW kb_targets AS
SELECT i.indicator_id AS target_id, i.plan_id, coalesce(t.parent_task_id, i.task_id) AS task_id,
       CASE WHEN t.kind = 'subtask' THEN t.task_id END AS subtask_id, i.quote, i.metric, i.canonical,
       i.comparator, i.value, i.value_max, i.unit, i.year, i.baseline_value, i.baseline_year,
       i.kind, i.start, i.end, i.origin, i.binding, p.title AS plan_title
FROM indicators i JOIN plans p ON p.plan_id = i.plan_id
LEFT JOIN tasks t ON t.task_id = i.task_id
WHERE i.same_as IS NULL;

DROP VIEW IF EXISTS kb_documents;
CREATE VIEW kb_documents AS
SELECT p.plan_id, d.source_sha256, d.file_name, d.format, d.encoding, d.text
FROM documents d JOIN plans p ON p.doc_id = d.doc_id;

-- Unit mentions resolved by a rule or a fuzzy match, for review (issue 4).
DROP VIEW IF EXISTS unit_resolution_review;
CREATE VIEW unit_resolution_review AS
SELECT tu.mention, tu.resolution, tu.score, u.name AS resolved_to, u.function_code,
       count(*) AS n_tasks, group_concat(DISTINCT p.title) AS plans
FROM task_units tu JOIN units u ON u.unit_id = tu.unit_id
JOIN tasks t ON t.task_id = tu.task_id JOIN plans p ON p.plan_id = t.plan_id
WHERE tu.resolution NOT IN ('exact', 'alias')
GROUP BY tu.mention, tu.resolution, tu.score, u.name, u.function_code
ORDER BY tu.score;

-- Each unit's partners, both ways round (issue 14): unit_network keeps one
-- row per pair; here a unit finds its partners in `unit_id` whichever side it
-- is on. plan_id NULL: across the corpus.
DROP VIEW IF EXISTS unit_partners;
CREATE VIEW unit_partners AS
SELECT plan_id, unit_a AS unit_id, unit_b AS partner_id, weight AS shared_tasks,
       a_leads AS leads, b_leads AS led_by, joint_leads
FROM unit_network
UNION ALL
SELECT plan_id, unit_b, unit_a, weight, b_leads, a_leads, joint_leads
FROM unit_network;

-- The knowledge graph (plan -> section -> task -> indicator, units), the one the build
-- assembles with networkx and checks per document (extract/storage/graph.py), as views:
-- every edge is a foreign key of the tables above, so the graph is stored once, in them.
-- Where a task names one unit twice in different roles, the last mention's role stands
-- (one edge per pair of nodes, as in networkx's DiGraph).
DROP VIEW IF EXISTS nodes;
CREATE VIEW nodes AS
SELECT 'plan:' || plan_id AS node_id, 'plan' AS type, plan_id AS ref_id, title AS label, plan_id FROM plans
UNION ALL
SELECT 'section:' || section_id, 'section', section_id, heading, plan_id FROM sections
UNION ALL
SELECT 'task:' || task_id, kind, task_id, coalesce(title, substr(text, 1, 40)), plan_id FROM tasks
UNION ALL
SELECT 'project:' || project_id, 'project', project_id, name, plan_id FROM projects
UNION ALL
SELECT 'indicator:' || indicator_id, 'indicator', indicator_id,
       trim(coalesce(metric, '') || ' ' || printf('%g', value) || coalesce(unit, '')), plan_id FROM indicators
UNION ALL
SELECT 'unit:' || unit_id, 'unit', unit_id, name, NULL FROM units;

DROP VIEW IF EXISTS edges;
CREATE VIEW edges AS
SELECT coalesce('section:' || parent_id, 'plan:' || plan_id) AS source, 'section:' || section_id AS target,
       'contains' AS relation, NULL AS role FROM sections
UNION ALL
SELECT coalesce('task:' || parent_task_id, 'section:' || section_id, 'plan:' || plan_id), 'task:' || task_id,
       CASE WHEN parent_task_id IS NOT NULL THEN 'has_subtask' ELSE 'has_task' END, NULL FROM tasks
UNION ALL
SELECT 'plan:' || plan_id, 'project:' || project_id, 'has_project', NULL FROM projects
UNION ALL
SELECT coalesce('task:' || task_id, 'project:' || project_id, 'section:' || section_id, 'plan:' || plan_id),
       'indicator:' || indicator_id, 'has_indicator', NULL FROM indicators
UNION ALL
SELECT 'indicator:' || indicator_id, 'indicator:' || same_as, 'same_as', NULL FROM indicators WHERE same_as IS NOT NULL
UNION ALL
-- (SQLite takes a bare column from the row that gives max(): the role of the last mention)
SELECT 'task:' || task_id, 'unit:' || unit_id, 'responsible', role
FROM (SELECT task_id, unit_id, role, max(rowid) FROM task_units GROUP BY task_id, unit_id)
UNION ALL
SELECT 'indicator:' || indicator_id, 'unit:' || unit_id, 'responsible', role
FROM (SELECT indicator_id, unit_id, role, max(rowid) FROM indicator_units GROUP BY indicator_id, unit_id);
