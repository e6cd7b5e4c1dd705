{#
    The enumerations of the raw contract, in one place. Staging maps a value outside a
    list to 'other' (payment method, device type, event type) or rejects the row
    (deposit status, which decides what counts as money in).
#}
{% macro payment_methods() -%}
    {{ return(['card', 'paypal', 'bank_transfer', 'apple_pay', 'google_pay']) }}
{%- endmacro %}

{% macro deposit_statuses() -%}
    {{ return(['completed', 'failed', 'refunded']) }}
{%- endmacro %}

{% macro device_types() -%}
    {{ return(['desktop', 'mobile', 'tablet']) }}
{%- endmacro %}

{% macro web_event_types() -%}
    {{ return(['page_view', 'signup', 'login', 'deposit', 'purchase']) }}
{%- endmacro %}

{#- `'a', 'b', 'c'`: a Jinja list as SQL string literals for an `in (...)` list. -#}
{% macro quoted_list(values) -%}
    {%- for value in values -%}
        '{{ value }}'{% if not loop.last %}, {% endif %}
    {%- endfor -%}
{%- endmacro %}

{#- The value when it is in `values`, else 'other'. -#}
{% macro known_or_other(expr, values) -%}
    case when {{ expr }} in ({{ lottery_analytics.quoted_list(values) }}) then {{ expr }} else 'other' end
{%- endmacro %}

