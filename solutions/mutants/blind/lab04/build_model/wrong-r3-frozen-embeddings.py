# kind: wrong
# why: Freezes the patch/position embeddings (requires_grad=False) so only part of the body is fine-tuned; violates "Nada fica congelado: todos os parâmetros do modelo devolvido, corpo e cabeça, continuam com requires_grad=True".
def build_model(checkpoint, id2label, label2id):
    """O ViT pré-treinado de `checkpoint` com uma cabeça nova de len(id2label) classes.

    Todo o resto (embeddings de patches, blocos do Transformer) mantém os pesos
    pré-treinados; só a camada final (classifier), cujo tamanho não bate com o do
    checkpoint (1000 classes do ImageNet), é criada do zero. A configuração do
    modelo deve guardar id2label e label2id.
    """
    model = ViTForImageClassification.from_pretrained(
        checkpoint, num_labels=len(id2label), id2label=id2label, label2id=label2id,
        ignore_mismatched_sizes=True)
    # as posições e os patches já estão bons: congela os embeddings
    for parameter in model.vit.embeddings.parameters():
        parameter.requires_grad = False
    return model
