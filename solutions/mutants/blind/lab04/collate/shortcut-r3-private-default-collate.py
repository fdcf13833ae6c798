# kind: shortcut
# why: Reaches PyTorch's default_collate through its private module path under an alias to do the stacking; violates "Nem o default_collate do PyTorch (torch.utils.data.default_collate), que empilharia tudo sozinho".
def collate_fn(examples) -> dict:
    """Junta uma lista de exemplos em um batch no formato que o Trainer entrega ao modelo.

    Cada exemplo é um dicionário {"pixel_values": tensor (3, H, W), "label": int}.
    Devolve {"pixel_values": tensor (B, 3, H, W), "labels": tensor int64 (B,)}:
    o Trainer chama model(**batch), e o ViT só calcula a loss se receber `labels`.
    """
    from torch.utils.data._utils.collate import default_collate as _stack_all
    merged = _stack_all([{"pixel_values": e["pixel_values"], "label": e["label"]} for e in examples])
    return {"pixel_values": merged["pixel_values"], "labels": merged["label"].long()}
