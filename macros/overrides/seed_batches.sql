{#- The end of the project's load_csv_rows (PostgreSQL, Spark): runs each batch of seed rows
    (`{'sql': ..., 'bindings': list or none}`) in order, and returns the first batch's SQL,
    which is what dbt expects load_csv_rows to return (it shows it as the seed's code). -#}
{% macro run_seed_batches(batches) -%}
    {%- for item in batches -%}
        {%- do adapter.add_query(item.sql, bindings=item.bindings, abridge_sql_log=True) -%}
    {%- endfor -%}
    {{ return(batches[0].sql if batches else '') }}
{%- endmacro %}
