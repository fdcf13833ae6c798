# kind: correct
# why: torch.stack of the pixel tensors in example order (new dim 0) and an int64 tensor of the labels under the key 'labels'; input examples untouched
def collate_fn(examples) -> dict:
    """Junta uma lista de exemplos em um batch no formato que o Trainer entrega ao modelo.

    Cada exemplo é um dicionário {"pixel_values": tensor (3, H, W), "label": int}.
    Devolve {"pixel_values": tensor (B, 3, H, W), "labels": tensor int64 (B,)}:
    o Trainer chama model(**batch), e o ViT só calcula a loss se receber `labels`.
    """
    pixel_values = torch.stack([example["pixel_values"] for example in examples])
    labels = torch.tensor([int(example["label"]) for example in examples], dtype=torch.long)
    return {"pixel_values": pixel_values, "labels": labels}
