# kind: correct
# why: preallocates a (B, 3, H, W) tensor with the first example's dtype and fills it row by row, labels via np.fromiter -> int64 tensor; same result as torch.stack, order kept
def collate_fn(examples) -> dict:
    """Junta uma lista de exemplos em um batch no formato que o Trainer entrega ao modelo.

    Cada exemplo é um dicionário {"pixel_values": tensor (3, H, W), "label": int}.
    Devolve {"pixel_values": tensor (B, 3, H, W), "labels": tensor int64 (B,)}:
    o Trainer chama model(**batch), e o ViT só calcula a loss se receber `labels`.
    """
    first = examples[0]["pixel_values"]
    batch = torch.empty((len(examples), *first.shape), dtype=first.dtype, device=first.device)
    for row, example in enumerate(examples):
        batch[row] = example["pixel_values"]
    labels = np.fromiter((int(example["label"]) for example in examples), dtype=np.int64, count=len(examples))
    return {"pixel_values": batch, "labels": torch.from_numpy(labels)}
