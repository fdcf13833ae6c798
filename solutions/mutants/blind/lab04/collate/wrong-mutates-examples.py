# kind: wrong
# why: renames 'label' to 'labels' in place with pop() on the caller's dicts: a second pass over the same examples fails with KeyError (the inputs are destroyed); passes the visible tests
def collate_fn(examples) -> dict:
    """Junta uma lista de exemplos em um batch no formato que o Trainer entrega ao modelo.

    Cada exemplo é um dicionário {"pixel_values": tensor (3, H, W), "label": int}.
    Devolve {"pixel_values": tensor (B, 3, H, W), "labels": tensor int64 (B,)}:
    o Trainer chama model(**batch), e o ViT só calcula a loss se receber `labels`.
    """
    for example in examples:
        example["labels"] = example.pop("label")
    return {"pixel_values": torch.stack([e["pixel_values"] for e in examples]),
            "labels": torch.tensor([e["labels"] for e in examples], dtype=torch.int64)}
