# Arabic written with Arabic-Indic digits (as in Syria) uses the Arabic decimal and thousands
# separators, not Django's default "," and "." for Arabic.
DECIMAL_SEPARATOR = "\u066b"  # ٫
THOUSAND_SEPARATOR = "\u066c"  # ٬
NUMBER_GROUPING = 3
