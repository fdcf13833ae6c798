# kind: wrong
# why: Pops "label" out of each example while building the labels, so the caller's examples lose their labels; violates "collate_fn não altera os exemplos que recebe (nada de pop ou de chaves novas neles)".
def collate_fn(examples) -> dict:
    """Junta uma lista de exemplos em um batch no formato que o Trainer entrega ao modelo.

    Cada exemplo é um dicionário {"pixel_values": tensor (3, H, W), "label": int}.
    Devolve {"pixel_values": tensor (B, 3, H, W), "labels": tensor int64 (B,)}:
    o Trainer chama model(**batch), e o ViT só calcula a loss se receber `labels`.
    """
    labels = torch.tensor([example.pop("label") for example in examples], dtype=torch.int64)
    pixel_values = torch.stack([example["pixel_values"] for example in examples])
    return {"pixel_values": pixel_values, "labels": labels}
