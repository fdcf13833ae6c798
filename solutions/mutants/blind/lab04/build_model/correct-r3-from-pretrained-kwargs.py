# kind: correct
# why: from_pretrained with num_labels, id2label, label2id and ignore_mismatched_sizes=True: pretrained body, new random head, maps in the config, float32, nothing frozen.
def build_model(checkpoint, id2label, label2id):
    """O ViT pré-treinado de `checkpoint` com uma cabeça nova de len(id2label) classes.

    Todo o resto (embeddings de patches, blocos do Transformer) mantém os pesos
    pré-treinados; só a camada final (classifier), cujo tamanho não bate com o do
    checkpoint (1000 classes do ImageNet), é criada do zero. A configuração do
    modelo deve guardar id2label e label2id.
    """
    return ViTForImageClassification.from_pretrained(
        checkpoint,
        num_labels=len(id2label),
        id2label=id2label,
        label2id=label2id,
        ignore_mismatched_sizes=True,
    )
