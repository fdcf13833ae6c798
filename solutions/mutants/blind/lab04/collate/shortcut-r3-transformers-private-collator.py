# kind: shortcut
# why: Calls transformers' internal torch_default_data_collator (the function behind DefaultDataCollator, renames label->labels) on shallow copies; violates "não use os collators prontos do transformers (... qualquer outro de transformers.data)".
def collate_fn(examples) -> dict:
    """Junta uma lista de exemplos em um batch no formato que o Trainer entrega ao modelo.

    Cada exemplo é um dicionário {"pixel_values": tensor (3, H, W), "label": int}.
    Devolve {"pixel_values": tensor (B, 3, H, W), "labels": tensor int64 (B,)}:
    o Trainer chama model(**batch), e o ViT só calcula a loss se receber `labels`.
    """
    from transformers.data.data_collator import torch_default_data_collator as merge
    return merge([dict(e) for e in examples])
