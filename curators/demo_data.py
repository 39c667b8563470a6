def demo_load_curators(context):
    return "пропущено"
