import { Router } from 'express';
import { prisma } from '../lib/prisma.js';

export const usersRouter = Router();

usersRouter.get('/', async (_req, res) => {
  res.json(await prisma.user.findMany());
});
