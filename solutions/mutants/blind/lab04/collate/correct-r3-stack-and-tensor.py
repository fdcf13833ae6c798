# kind: correct
# why: Stacks the images on a new dim 0 and builds an int64 labels tensor in example order, in a new dict; examples untouched.
def collate_fn(examples) -> dict:
    """Junta uma lista de exemplos em um batch no formato que o Trainer entrega ao modelo.

    Cada exemplo é um dicionário {"pixel_values": tensor (3, H, W), "label": int}.
    Devolve {"pixel_values": tensor (B, 3, H, W), "labels": tensor int64 (B,)}:
    o Trainer chama model(**batch), e o ViT só calcula a loss se receber `labels`.
    """
    pixel_values = torch.stack([example["pixel_values"] for example in examples], dim=0)
    labels = torch.tensor([int(example["label"]) for example in examples], dtype=torch.long)
    return {"pixel_values": pixel_values, "labels": labels}
