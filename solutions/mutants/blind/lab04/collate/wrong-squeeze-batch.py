# kind: wrong
# why: calls .squeeze() on the stacked batch and labels: a batch of one example (e.g. the last, short batch) loses its batch dimension; passes the visible tests (B = 5 and 4)
def collate_fn(examples) -> dict:
    """Junta uma lista de exemplos em um batch no formato que o Trainer entrega ao modelo.

    Cada exemplo é um dicionário {"pixel_values": tensor (3, H, W), "label": int}.
    Devolve {"pixel_values": tensor (B, 3, H, W), "labels": tensor int64 (B,)}:
    o Trainer chama model(**batch), e o ViT só calcula a loss se receber `labels`.
    """
    pixel_values = torch.stack([e["pixel_values"] for e in examples]).squeeze()
    labels = torch.tensor([[e["label"]] for e in examples], dtype=torch.long).squeeze()
    return {"pixel_values": pixel_values, "labels": labels}
