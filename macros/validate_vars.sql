{#
    on-run-start: stop early, with the variable's name, when a variable has a value no rule
    can use (a negative lookback, a threshold that is not a number, an unknown currency...).
#}
{% macro _require_number(name, minimum=none, exclusive=false) %}
    {%- set value = var(name) -%}
    {%- if value is boolean or value is not number -%}
        {%- set text = value | string -%}
        {%- if not modules.re.fullmatch('-?[0-9]+([.][0-9]+)?', text) -%}
            {{ exceptions.raise_compiler_error(
                "Variable '" ~ name ~ "' must be a number; got '" ~ text ~ "'.") }}
        {%- endif -%}
        {%- set value = text | float -%}
    {%- endif -%}
    {%- if minimum is not none and (value < minimum or (exclusive and value == minimum)) -%}
        {{ exceptions.raise_compiler_error(
            "Variable '" ~ name ~ "' must be " ~ ('greater than ' if exclusive else 'at least ')
            ~ minimum ~ "; got " ~ value ~ ".") }}
    {%- endif -%}
{% endmacro %}

{% macro validate_vars() %}
    {%- if execute -%}
        {#- Every variable of README.md's table is checked here (tests/test_readme.py). -#}
        {%- if not modules.re.fullmatch('[A-Za-z_][A-Za-z0-9_]*', var('raw_schema', 'raw') | string) -%}
            {{ exceptions.raise_compiler_error(
                "Variable 'raw_schema' must be a schema name (letters, digits, underscores); got '"
                ~ var('raw_schema', 'raw') ~ "'.") }}
        {%- endif -%}
        {%- if var('use_bundled_sample', true) is not boolean -%}
            {{ exceptions.raise_compiler_error(
                "Variable 'use_bundled_sample' must be true or false; got '"
                ~ var('use_bundled_sample', true) ~ "'.") }}
        {%- endif -%}
        {%- set bot_pattern = var('bot_user_agent_pattern') -%}
        {%- if bot_pattern is not string or not bot_pattern or "'" in bot_pattern -%}
            {{ exceptions.raise_compiler_error(
                "Variable 'bot_user_agent_pattern' must be a non-empty regular expression "
                ~ "without single quotes; got '" ~ bot_pattern ~ "'.") }}
        {%- endif -%}
        {%- set steps_done = var('python_steps_done', []) -%}
        {%- if steps_done is string or steps_done is mapping or steps_done is not iterable -%}
            {{ exceptions.raise_compiler_error(
                "Variable 'python_steps_done' must be a list of models (set by "
                ~ "`lottery-analytics build`, never by hand); got '" ~ steps_done ~ "'.") }}
        {%- endif -%}
        {%- do lottery_analytics._require_number('legal_age_years', 0) -%}
        {%- do lottery_analytics._require_number('session_timeout_minutes', 0, exclusive=true) -%}
        {%- if (var('session_timeout_minutes') | float) >= 1440 -%}
            {{ exceptions.raise_compiler_error(
                "Variable 'session_timeout_minutes' must be less than 1440 (a day: the "
                ~ "incremental int_sessions reads one day before a rebuilt date); got "
                ~ var('session_timeout_minutes') ~ ".") }}
        {%- endif -%}
        {%- do lottery_analytics._require_number('session_max_span_days', 0) -%}
        {%- if not modules.re.fullmatch('[0-9]+', var('session_max_span_days') | string) -%}
            {{ exceptions.raise_compiler_error(
                "Variable 'session_max_span_days' must be a whole number of days; got '"
                ~ var('session_max_span_days') ~ "'.") }}
        {%- endif -%}
        {%- do lottery_analytics._require_number('incremental_overlap_hours', 0) -%}
        {%- do lottery_analytics._require_number('attribution_lookback_days', 0) -%}
        {%- do lottery_analytics._require_number('time_decay_half_life_days', 0, exclusive=true) -%}
        {%- do lottery_analytics._require_number('position_based_endpoint_share', 0) -%}
        {%- if (var('position_based_endpoint_share') | float) > 0.5 -%}
            {{ exceptions.raise_compiler_error(
                "Variable 'position_based_endpoint_share' must be at most 0.5 (two endpoints "
                ~ "share at most all the credit); got " ~ var('position_based_endpoint_share') ~ ".") }}
        {%- endif -%}
        {%- do lottery_analytics._require_number('roas_high_threshold', 0) -%}
        {%- do lottery_analytics._require_number('roas_medium_threshold', 0) -%}
        {%- do lottery_analytics._require_number('high_jackpot_threshold', 0) -%}
        {%- do lottery_analytics._require_number('repeat_purchase_window_days', 0, exclusive=true) -%}
        {%- do lottery_analytics._require_number('customer_new_days', 0) -%}
        {%- do lottery_analytics._require_number('customer_active_days', 0) -%}
        {%- do lottery_analytics._require_number('customer_lapsed_days', 0) -%}
        {%- do lottery_analytics._require_number('trailing_spend_window_days', 0, exclusive=true) -%}
        {%- if var('ltv_model') not in ['pareto_nbd', 'bg_nbd'] -%}
            {{ exceptions.raise_compiler_error(
                "Variable 'ltv_model' must be 'pareto_nbd' or 'bg_nbd'; got '"
                ~ var('ltv_model') ~ "'.") }}
        {%- endif -%}
        {%- do lottery_analytics._require_number('ltv_min_observed_days', 0, exclusive=true) -%}
        {%- do lottery_analytics._require_number('ltv_base_retention', 0) -%}
        {%- do lottery_analytics._require_number('ltv_recency_half_life_days', 0, exclusive=true) -%}
        {%- set weights = var('behavioural_score_weights') -%}
        {%- if weights is not mapping
            or weights.keys() | sort != ['frequency', 'monetary', 'recency', 'regular_play'] -%}
            {{ exceptions.raise_compiler_error(
                "Variable 'behavioural_score_weights' must map recency, frequency, monetary and "
                ~ "regular_play to numbers; got " ~ weights ~ ".") }}
        {%- endif -%}
        {%- for part, weight in weights.items() -%}
            {%- if weight is not number or weight < 0 -%}
                {{ exceptions.raise_compiler_error(
                    "Variable 'behavioural_score_weights' needs a non-negative number for '"
                    ~ part ~ "'; got '" ~ weight ~ "'.") }}
            {%- endif -%}
        {%- endfor -%}
        {%- if (var('roas_medium_threshold') | float) > (var('roas_high_threshold') | float) -%}
            {{ exceptions.raise_compiler_error(
                "Variable 'roas_medium_threshold' (" ~ var('roas_medium_threshold')
                ~ ") must not exceed 'roas_high_threshold' (" ~ var('roas_high_threshold') ~ ").") }}
        {%- endif -%}
        {%- if var('as_of_date') and not modules.re.fullmatch(
            '[0-9]{4}-[0-9]{2}-[0-9]{2}', var('as_of_date') | string) -%}
            {{ exceptions.raise_compiler_error(
                "Variable 'as_of_date' must be a date YYYY-MM-DD or null; got '"
                ~ var('as_of_date') ~ "'.") }}
        {%- endif -%}
        {%- if not modules.re.fullmatch('[A-Z]{3}', var('reporting_currency') | string) -%}
            {{ exceptions.raise_compiler_error(
                "Variable 'reporting_currency' must be an ISO-4217 code such as USD; got '"
                ~ var('reporting_currency') ~ "'.") }}
        {%- endif -%}
    {%- endif -%}
    select 1
{% endmacro %}
