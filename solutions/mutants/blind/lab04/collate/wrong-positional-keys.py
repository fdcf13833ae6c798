# kind: wrong
# why: reads the image and label keys by their position in the first example's dict (assumes pixel_values comes first): wrong whenever the example dict has another key order; passes the visible tests
def collate_fn(examples) -> dict:
    """Junta uma lista de exemplos em um batch no formato que o Trainer entrega ao modelo.

    Cada exemplo é um dicionário {"pixel_values": tensor (3, H, W), "label": int}.
    Devolve {"pixel_values": tensor (B, 3, H, W), "labels": tensor int64 (B,)}:
    o Trainer chama model(**batch), e o ViT só calcula a loss se receber `labels`.
    """
    image_key, label_key = list(examples[0].keys())[:2]
    return {"pixel_values": torch.stack([e[image_key] for e in examples]),
            "labels": torch.tensor([e[label_key] for e in examples], dtype=torch.long)}
