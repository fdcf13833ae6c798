# kind: wrong
# why: Renames by writing a new "labels" key into every input example before collating; violates "nada de pop ou de chaves novas neles: monta um dicionário novo".
def collate_fn(examples) -> dict:
    """Junta uma lista de exemplos em um batch no formato que o Trainer entrega ao modelo.

    Cada exemplo é um dicionário {"pixel_values": tensor (3, H, W), "label": int}.
    Devolve {"pixel_values": tensor (B, 3, H, W), "labels": tensor int64 (B,)}:
    o Trainer chama model(**batch), e o ViT só calcula a loss se receber `labels`.
    """
    for example in examples:
        example["labels"] = example["label"]  # o modelo quer "labels", no plural
    pixel_values = torch.stack([e["pixel_values"] for e in examples])
    labels = torch.as_tensor([e["labels"] for e in examples], dtype=torch.long)
    return {"pixel_values": pixel_values, "labels": labels}
