"""Relationship health's pure rules, with no database access: the one table it is computed from
(weights), its reasons in words (reasons) and its explanation (explain). The computation is in
contacts.services.health, the reads in contacts.selectors (dashboard*, health_panel).
"""
