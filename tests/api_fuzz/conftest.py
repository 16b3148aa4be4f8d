def pytest_collection_modifyitems(config, items):
    """The deep run (marker `fuzz`) takes minutes: it runs only when asked for by name
    (`make fuzz`, `-m fuzz`), so `make test`'s `-m "not sweep"` leaves it out."""
    if "fuzz" in (config.option.markexpr or ""):
        return
    deep = [item for item in items if item.get_closest_marker("fuzz")]
    if deep:
        config.hook.pytest_deselected(items=deep)
        items[:] = [item for item in items if item not in deep]
