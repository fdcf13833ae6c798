# kind: shortcut
# why: not named by the rule (it only bans transformers collators) but skips the work: torch.utils.data.default_collate stacks everything, then only the key is renamed
def collate_fn(examples) -> dict:
    """Junta uma lista de exemplos em um batch no formato que o Trainer entrega ao modelo.

    Cada exemplo é um dicionário {"pixel_values": tensor (3, H, W), "label": int}.
    Devolve {"pixel_values": tensor (B, 3, H, W), "labels": tensor int64 (B,)}:
    o Trainer chama model(**batch), e o ViT só calcula a loss se receber `labels`.
    """
    from torch.utils.data import default_collate as _dc
    batch = _dc(list(examples))
    return {"pixel_values": batch["pixel_values"], "labels": batch["label"].to(torch.int64)}
