-- The household as a timeline snapshot records it (issue 3): one definition, used by the forms (history.ts) and by the
-- import's set-based settle (commit.ts), which before this each wrote the shape out.
--
-- The shape is the one the timeline has always stored (JSON of the rows as the server read them): every household
-- column but the phone's ciphertext and blind index, money as text ("1234.50"), times as ISO UTC with milliseconds;
-- the members (masked ID only) by id. An expression with no FROM, so the planner can inline it into a set-based update.
create function household_snapshot(p_id bigint) returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'household', (
      select (to_jsonb(h) - 'phone_enc' - 'phone_idx') || jsonb_build_object(
        'income_wages', h.income_wages::text, 'income_business', h.income_business::text,
        'income_property', h.income_property::text, 'income_transfer', h.income_transfer::text,
        'expense_business', h.expense_business::text, 'per_capita_income', h.per_capita_income::text,
        'created_at', to_char(h.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'updated_at', to_char(h.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
      from households h where h.id = p_id),
    'members', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', m.id, 'id_masked', m.id_masked, 'name', m.name, 'gender', m.gender, 'birth_date', m.birth_date,
        'relation', m.relation, 'ethnicity', m.ethnicity, 'education', m.education, 'school_status', m.school_status,
        'health', m.health, 'disability_category', m.disability_category, 'disability_grade', m.disability_grade,
        'labour_capacity', m.labour_capacity, 'work_place', m.work_place, 'work_months', m.work_months,
        'medical_insured', m.medical_insured, 'pension_insured', m.pension_insured, 'welfare_post', m.welfare_post,
        'status', m.status, 'status_date', m.status_date, 'status_reason', m.status_reason) order by m.id)
      from members m where m.household_id = p_id), '[]'::jsonb))
$$;
