-- Back to no shared budget: each path keeps only its own pause.
DROP TABLE send_budget;
