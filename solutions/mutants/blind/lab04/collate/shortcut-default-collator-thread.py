# kind: shortcut
# why: forbidden: runs transformers' DefaultDataCollator in a ThreadPoolExecutor worker so the call happens in another thread
def collate_fn(examples) -> dict:
    """Junta uma lista de exemplos em um batch no formato que o Trainer entrega ao modelo.

    Cada exemplo é um dicionário {"pixel_values": tensor (3, H, W), "label": int}.
    Devolve {"pixel_values": tensor (B, 3, H, W), "labels": tensor int64 (B,)}:
    o Trainer chama model(**batch), e o ViT só calcula a loss se receber `labels`.
    """
    from concurrent.futures import ThreadPoolExecutor
    from transformers import DefaultDataCollator
    collator = DefaultDataCollator(return_tensors="pt")
    with ThreadPoolExecutor(max_workers=1) as pool:
        batch = pool.submit(collator, list(examples)).result()
    return {"pixel_values": batch["pixel_values"], "labels": batch["labels"].long()}
