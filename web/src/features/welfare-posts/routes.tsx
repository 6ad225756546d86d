import { lazy } from 'react';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { Feature } from '../types';
import { label } from './messages';

const PostsPage = lazy(() => import('./pages/PostsPage'));
const PostPage = lazy(() => import('./pages/PostPage'));
const ReportPage = lazy(() => import('./pages/ReportPage'));

/** 公益岗位: the posts of the area, a post with its people and pay sheet, the report. */
export const welfarePostsFeature: Feature = {
  name: 'welfare-posts',
  routes: [
    {
      path: '/welfare-posts',
      element: <PostsPage />,
      permission: 'welfarePosts.read',
      menu: { label: label('menu.posts'), desc: label('menu.postsDesc'), icon: <SafetyCertificateOutlined />, order: 12, testId: 'nav-welfare-posts', section: 'assistance' },
    },
    {
      path: '/welfare-posts/report',
      element: <ReportPage />,
      permission: 'welfarePosts.read',
    },
    { path: '/welfare-posts/:id', element: <PostPage />, permission: 'welfarePosts.read' },
  ],
};
