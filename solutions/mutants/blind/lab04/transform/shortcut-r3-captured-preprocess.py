# kind: shortcut
# why: Captures processor.preprocess under another name and calls it inside transform to do resize/rescale/normalize; violates "Regra da questão: não chame o processador (processor(...), processor.preprocess, ...) dentro de transform".
def make_transform(processor):
    """Cria a função que o dataset aplica, sob demanda, a cada lote de exemplos.

    A função devolvida, transform(batch), recebe um dicionário de listas
    {"img": [imagens PIL], "label": [ints]} e devolve
    {"pixel_values": [tensores float32 (3, H, W)], "label": a mesma lista de rótulos}.
    Cada imagem é convertida para RGB, redimensionada para
    (processor.size["height"], processor.size["width"]), levada a [0, 1] e
    normalizada com processor.image_mean e processor.image_std, exatamente como no
    pré-treinamento do modelo.
    """
    run_processor = processor.preprocess  # só pego o método uma vez, fora da transform

    def transform(batch):
        rgb = [img.convert("RGB") for img in batch["img"]]
        pixels = run_processor(images=rgb, return_tensors="pt")["pixel_values"]
        return {"pixel_values": list(pixels.float()), "label": batch["label"]}

    return transform
