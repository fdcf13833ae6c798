# kind: correct
# why: Preallocates a (B, 3, H, W) tensor and an int64 (B,) tensor and fills them in a loop by copying, preserving order and leaving the examples unchanged.
def collate_fn(examples) -> dict:
    """Junta uma lista de exemplos em um batch no formato que o Trainer entrega ao modelo.

    Cada exemplo é um dicionário {"pixel_values": tensor (3, H, W), "label": int}.
    Devolve {"pixel_values": tensor (B, 3, H, W), "labels": tensor int64 (B,)}:
    o Trainer chama model(**batch), e o ViT só calcula a loss se receber `labels`.
    """
    first = examples[0]["pixel_values"]
    pixel_values = first.new_empty((len(examples),) + tuple(first.shape))
    labels = torch.empty(len(examples), dtype=torch.int64)
    for i, example in enumerate(examples):
        pixel_values[i] = example["pixel_values"]  # copia para o batch, sem tocar no exemplo
        labels[i] = example["label"]
    return {"pixel_values": pixel_values, "labels": labels}
