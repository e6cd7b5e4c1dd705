{#- True when `expr` matches the regular expression `pattern` (a SQL string literal) anywhere.
    Patterns are written in the subset the three engines read alike (POSIX ERE / RE2 / Java):
    classes in brackets, no backslash escapes. -#}
{% macro regex_matches(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'lottery_analytics')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ pattern }})
{%- endmacro %}

{% macro postgres__regex_matches(expr, pattern) -%}
    ({{ expr }} ~ {{ pattern }})
{%- endmacro %}

{% macro spark__regex_matches(expr, pattern) -%}
    ({{ expr }} rlike {{ pattern }})
{%- endmacro %}

{#- Case-insensitive variant, e.g. for user agents. -#}
{% macro regex_matches_ci(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_matches_ci', 'lottery_analytics')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches_ci(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ pattern }}, 'i')
{%- endmacro %}

{% macro postgres__regex_matches_ci(expr, pattern) -%}
    ({{ expr }} ~* {{ pattern }})
{%- endmacro %}

{% macro spark__regex_matches_ci(expr, pattern) -%}
    ({{ expr }} rlike concat('(?i)', {{ pattern }}))
{%- endmacro %}
