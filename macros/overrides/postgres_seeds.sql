{#
    PostgreSQL seeds: the same statements as dbt's default (`insert ... values` with bound
    parameters, one statement per batch), but the placeholder row is built once and
    repeated, not rendered value by value by Jinja. dbt's loop rendered ~160 k macro calls
    for a 10,000-row batch of the sample's web events: 11 of the 14 s the seed took.
#}
{% macro postgres__load_csv_rows(model, agate_table) %}
    {%- set cols_sql = get_seed_column_quoted_csv(model, agate_table.column_names) -%}
    {%- set placeholders = [get_binding_char()] * (agate_table.column_names | length) -%}
    {%- set row_placeholder = '(' ~ placeholders | join(', ') ~ ')' -%}
    {%- set batches = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set bindings = [] -%}
        {%- for row in chunk -%}
            {%- do bindings.extend(row) -%}
        {%- endfor -%}
        {%- set sql -%}
            insert into {{ this.render() }} ({{ cols_sql }}) values
            {{ ([row_placeholder] * (chunk | length)) | join(',\n') }}
        {%- endset -%}
        {%- do batches.append({'sql': sql, 'bindings': bindings}) -%}
    {%- endfor -%}
    {{ return(lottery_analytics.run_seed_batches(batches)) }}
{% endmacro %}
