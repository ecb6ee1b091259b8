-- Derived tables: summaries of the other tables that the comparison pages and
-- canned queries read, so that a page reads a few indexed rows instead of
-- aggregating the whole corpus on every request (/-/functions took 1.3 s
-- and 4.3 MB at 1,000 plans, issue 16). Each is a function of the database
-- alone, rebuilt from scratch by extract.storage.summaries at the end of
-- every build; every statement can run again on a finished database.

-- One row per statement of a canonical metric in a plan: the plan's
-- mentions with the same comparator, value, unit and year merged, the
-- first of them (in document order) giving the quote and the link.
DROP TABLE IF EXISTS metric_statements;
CREATE TABLE metric_statements AS
SELECT
    i.canonical,
    i.plan_id,
    i.comparator,
    i.value,
    i.value_max,
    i.unit,
    i.year,
    count(*) AS mentions,
    -- the one min() makes SQLite take indicator_id from the first mention
    min(i.ordinal) AS ordinal,
    i.indicator_id
FROM indicators i
WHERE i.canonical IS NOT NULL AND i.canonical != '' AND i.same_as IS NULL
GROUP BY i.canonical, i.plan_id, i.comparator, i.value, i.value_max, i.unit, i.year;
CREATE INDEX idx_metric_statements_canonical ON metric_statements(canonical);

-- Tasks led and co-owned by units of each function, per plan.
DROP TABLE IF EXISTS function_plan_tasks;
CREATE TABLE function_plan_tasks AS
SELECT
    u.function_code,
    t.plan_id,
    count(DISTINCT CASE WHEN tu.role = 'lead' THEN tu.task_id END) AS tasks_led,
    count(DISTINCT CASE WHEN tu.role != 'lead' THEN tu.task_id END) AS tasks_co_owned
FROM task_units tu
JOIN units u ON u.unit_id = tu.unit_id
JOIN tasks t ON t.task_id = tu.task_id
GROUP BY u.function_code, t.plan_id;
CREATE INDEX idx_function_plan_tasks_plan ON function_plan_tasks(plan_id);
CREATE INDEX idx_function_plan_tasks_function ON function_plan_tasks(function_code);

-- Tasks due and targets set per plan and year.
DROP TABLE IF EXISTS plan_year_due;
CREATE TABLE plan_year_due AS
WITH due AS (
    SELECT plan_id, CAST(substr(deadline, 1, 4) AS INTEGER) AS year, 1 AS task, 0 AS target
    FROM tasks WHERE deadline IS NOT NULL AND deadline != ''
    UNION ALL
    SELECT plan_id, year, 0, 1
    FROM indicators WHERE year IS NOT NULL AND same_as IS NULL
)
SELECT plan_id, year, sum(task) AS tasks_due, sum(target) AS targets_due
FROM due
GROUP BY plan_id, year;
CREATE INDEX idx_plan_year_due_plan ON plan_year_due(plan_id);
CREATE INDEX idx_plan_year_due_year ON plan_year_due(year);

-- Each way a unit is printed, once: unit_tasks matches the words against
-- these few thousand names instead of every task_units row.
DROP TABLE IF EXISTS unit_mentions;
CREATE TABLE unit_mentions AS
SELECT DISTINCT mention, unit_id FROM task_units;
CREATE INDEX idx_unit_mentions_unit ON unit_mentions(unit_id);
