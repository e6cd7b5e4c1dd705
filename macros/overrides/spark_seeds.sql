{#
    Spark seeds. dbt-spark's own seed macros pass values as bindings that it pastes into the
    SQL text without escaping (a name such as "Côte d'Ivoire" breaks the statement) and use
    the seeds' `column_types` as written (Spark's varchar needs a length). These replace
    them (root-project macros win over the adapter's): every value becomes an escaped
    string literal, and each column is cast once to its engine type (engine_data_type).
#}
{% macro spark__create_csv_table(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}
    {% set sql %}
        create table {{ this.render() }} (
            {%- for col_name in agate_table.column_names -%}
                {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
                {%- set type = lottery_analytics.engine_data_type(column_override.get(col_name, inferred_type)) -%}
                {{ adapter.quote_seed_column(col_name | string, quote_seed_column) }} {{ type }}
                {%- if not loop.last -%}, {% endif -%}
            {%- endfor -%}
        )
        {{ file_format_clause() }}
        {{ partition_cols(label="partitioned by") }}
        {{ clustered_cols(label="clustered by") }}
        {{ location_clause() }}
        {{ comment_clause() }}
    {% endset %}
    {% call statement('_') -%}
        {{ sql }}
    {%- endcall %}
    {{ return(sql) }}
{% endmacro %}

{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set types = [] -%}
    {%- for col_name in agate_table.column_names -%}
        {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
        {%- do types.append(lottery_analytics.engine_data_type(column_override.get(col_name, inferred_type))) -%}
    {%- endfor -%}
    {%- set batches = [] -%}
    {#- string literals in an inline table, cast once per column in the select: a cast per
        value made Spark analyse one expression per value. A value is a Spark string
        literal (backslash and quote escaped) or null, written inline: it is rendered once
        per value. -#}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }}
            select
            {%- for type in types %} cast(c{{ loop.index0 }} as {{ type }}){% if not loop.last %},{% endif %}{% endfor %}
            from values
            {% for row in chunk -%}
                (
                {%- for value in row -%}
                    {%- if value is none -%}null{%- else -%}'{{ (value | string) | replace("\\", "\\\\") | replace("'", "\\'") }}'{%- endif -%}
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%}
                ){%- if not loop.last %},
            {% endif -%}
            {%- endfor %}
            as seed_rows({% for type in types %}c{{ loop.index0 }}{% if not loop.last %}, {% endif %}{% endfor %})
        {%- endset -%}
        {%- do batches.append({'sql': sql, 'bindings': none}) -%}
    {%- endfor -%}
    {{ return(lottery_analytics.run_seed_batches(batches)) }}
{% endmacro %}
